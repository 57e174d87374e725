// One :predict request in the execution queue: its rows are handed out to runs a bounded slice at a time, the
// slices' outputs are collected, and the request is answered once every row has run (or failed, or expired).

import { concatOutputs, rowsOf, sliceRows, textBytesPerRow } from './request-rows.mjs';

export class QueuedRequest {
  /**
   * @param {{ servable, signatureKey: string, tensors: Map<string, object>, deadline: number,
   *           resolve: (outputs: object) => void, reject: (error: Error) => void, onSettled?: () => void }} options
   *   onSettled is called once, when the request is answered or failed
   */
  constructor({ servable, signatureKey, tensors, deadline, resolve, reject, onSettled = () => {} }) {
    this.servable = servable;
    this.signatureKey = signatureKey;
    this.tensors = tensors;
    this.deadline = deadline;
    this.rows = rowsOf(tensors); // null: runs whole, as one piece
    this.rowBytes = this.rows === null ? null : textBytesPerRow(tensors, this.rows);
    this.next = 0; // the first row not yet handed to a run
    this.pieces = []; // { start, outputs } of finished slices
    this.doneRows = 0;
    this.runs = new Set(); // runs in flight that hold some of these rows
    this.settled = false;
    this.resolveAnswer = resolve;
    this.rejectAnswer = reject;
    this.onSettled = onSettled;
    this.timer = null;
  }

  /** Rows (or, for a request that cannot be split, 1) not yet handed to a run. */
  get remaining() {
    if (this.rows === null) return this.next === 0 ? 1 : 0;
    return this.rows - this.next;
  }

  get splittable() {
    return this.rows !== null;
  }

  /**
   * Hands out the next rows: at most `maxRows`, and no more string bytes than `maxBytes` (but at least one row when
   * `atLeastOne`). Returns { request, start, end, whole } or null when nothing fits.
   */
  take(maxRows, maxBytes, atLeastOne) {
    if (!this.splittable) {
      if (this.next > 0 || !atLeastOne) return null;
      this.next = 1;
      return { request: this, start: 0, end: null, whole: true };
    }
    let end = this.next;
    let bytes = 0;
    while (end < this.rows && end - this.next < maxRows) {
      const more = bytes + this.rowBytes[end];
      if (more > maxBytes && !(atLeastOne && end === this.next)) break;
      bytes = more;
      end++;
    }
    if (end === this.next) return null;
    const part = { request: this, start: this.next, end, whole: this.next === 0 && end === this.rows };
    this.next = end;
    return part;
  }

  /** The tensors of a part handed out by take(). */
  tensorsOf(part) {
    return part.end === null || part.whole ? this.tensors : sliceRows(this.tensors, part.start, part.end);
  }

  /** Records the outputs of a part; answers once every row has run. */
  complete(part, outputs) {
    if (this.settled) return;
    if (part.whole) {
      this.answer(outputs);
      return;
    }
    this.pieces.push({ start: part.start, outputs });
    this.doneRows += part.end - part.start;
    if (this.doneRows === this.rows) {
      this.pieces.sort((a, b) => a.start - b.start);
      this.answer(concatOutputs(this.pieces.map((p) => p.outputs)));
    }
  }

  answer(outputs) {
    this.settle();
    this.resolveAnswer(outputs);
  }

  fail(error) {
    if (this.settled) return;
    this.settle();
    this.rejectAnswer(error);
  }

  settle() {
    this.settled = true;
    this.pieces = [];
    clearTimeout(this.timer);
    this.onSettled();
  }
}
