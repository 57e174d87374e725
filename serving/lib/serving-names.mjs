// The SavedModel and TF Serving names the server and the tools share, once (the trainer's C# copy is
// Trainer/ServingContract.cs). No dependencies, so the HTTP side can import it without loading TensorFlow.js.

/** The tag set TF Serving loads by default: exactly {"serve"}. */
export const SERVE_TAG = 'serve';

/** The signature a request gets when it names none. */
export const DEFAULT_SIGNATURE = 'serving_default';

/** A version folder's graph; TF Serving also accepts the text form. */
export const SAVED_MODEL_FILE = 'saved_model.pb';
export const SAVED_MODEL_TEXT_FILE = 'saved_model.pbtxt';
