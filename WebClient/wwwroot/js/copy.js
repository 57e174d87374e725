// Progressive enhancement: a Copy button beside long values on the Model page (hashes, run ids, the MLflow command).
// Without JavaScript the buttons stay hidden and the values are shown in full anyway.
for (const button of document.querySelectorAll('button.copy-button[data-copy]')) {
  button.hidden = false;
  button.addEventListener('click', async () => {
    const value = button.dataset.copy;
    try {
      await navigator.clipboard.writeText(value);
      button.textContent = 'Copied';
    } catch {
      // The clipboard API needs a secure context (https or localhost): select the value instead, for Ctrl+C.
      const code = button.previousElementSibling;
      if (code) window.getSelection()?.selectAllChildren(code);
      button.textContent = 'Selected';
    }
    setTimeout(() => { button.textContent = 'Copy'; }, 2000);
  });
}
