// The serving contract's names, once for the JavaScript side: the SavedModel layout, TF Serving's names, and the
// sentiment model's signatures, inputs, outputs and labels. Each export is the UPPER_SNAKE_CASE of a constant in the
// C# contract library (serving/Contracts/), and a .NET test compares the two. No dependencies, so the HTTP side can
// import it without loading TensorFlow.js.

/** The model's name in REST paths (/v1/models/sentiment) and its folder under serving/models. */
export const MODEL_NAME = 'sentiment';

/** The tag set TF Serving loads by default: exactly {"serve"}. */
export const SERVE_TAG = 'serve';

/** A version folder's graph; TF Serving also accepts the text form. */
export const SAVED_MODEL_FILE = 'saved_model.pb';
export const SAVED_MODEL_TEXT_FILE = 'saved_model.pbtxt';

/** The warmup records TF Serving replays after a load, relative to the version folder. */
export const WARMUP_FILE = 'assets.extra/tf_serving_warmup_requests';

/** The method name of every signature the exporter writes. */
export const PREDICT_METHOD = 'tensorflow/serving/predict';

/** The signature a request gets when it names none. */
export const SERVING_SIGNATURE = 'serving_default';
export const TOKENIZE_SIGNATURE = 'tokenize';
export const MODEL_INFO_SIGNATURE = 'model_info';

/** The signature that names the init op (table imports); not servable. */
export const INIT_OP_SIGNATURE = '__saved_model_init_op';

/** The one input of every signature: the raw tweet. */
export const TEXT_INPUT = 'text';

export const PROBABILITY_OUTPUT = 'probability';
export const LABEL_OUTPUT = 'label';
export const TOKEN_IDS_OUTPUT = 'token_ids';
/** Tokens before the sequence-length cut, so a client can tell that a tweet was cut. */
export const TOKEN_COUNT_OUTPUT = 'token_count';
export const MODEL_INFO_OUTPUT = 'model_info';

export const POSITIVE_LABEL = 'positive';
export const NEGATIVE_LABEL = 'negative';
