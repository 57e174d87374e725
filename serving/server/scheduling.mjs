// How the execution queue schedules graph runs, in one place. The local server always works like TF Serving with
// batching configured and large-batch splitting on: a request's rows run in bounded slices, the queue is bounded,
// and a request over the limit is refused up front. --enable_batching adds what it adds in TF Serving: requests
// for the same version and signature share runs. The defaults are serving/config/batching.config's (the TF
// Serving image's): runs of at most 128 rows, at most 64 runs' worth of rows waiting.

/** Rows in one graph run without --enable_batching (config/batching.config's max_execution_batch_size). */
export const DEFAULT_RUN_ROWS = 128;

/** Runs' worth of rows that may wait without --enable_batching (config/batching.config's max_enqueued_batches). */
export const DEFAULT_QUEUED_RUNS = 64;

/**
 * String bytes in one graph run. The in-graph tokenizer's work and memory grow with the text, not the rows: runs
 * of at most 64 KiB keep one run's memory near 150 MB and its time near 0.3 s on a 2-core machine (a longer
 * string runs alone).
 */
export const RUN_TEXT_BYTES = 64 * 1024;

/**
 * The queue's parameters: { merge, maxTaskRows, runRows, runTextBytes, maxQueuedRows, batchTimeoutMicros }.
 * @param {{ maxBatchSize, maxExecutionBatchSize, batchTimeoutMicros, maxEnqueuedBatches } | null} batching
 *   BatchingParameters (config.mjs readBatchingParameters) with --enable_batching, else null
 */
export function schedulingParameters(batching) {
  if (batching === null) {
    return {
      merge: false,
      maxTaskRows: Infinity, // --rest_api_max_instances bounds a request before it gets here
      runRows: DEFAULT_RUN_ROWS,
      runTextBytes: RUN_TEXT_BYTES,
      maxQueuedRows: DEFAULT_QUEUED_RUNS * DEFAULT_RUN_ROWS,
      batchTimeoutMicros: 0,
    };
  }
  const runRows = batching.maxExecutionBatchSize ?? batching.maxBatchSize;
  return {
    merge: true,
    maxTaskRows: batching.maxBatchSize,
    runRows,
    runTextBytes: RUN_TEXT_BYTES,
    maxQueuedRows: batching.maxEnqueuedBatches * runRows,
    batchTimeoutMicros: batching.batchTimeoutMicros,
  };
}
