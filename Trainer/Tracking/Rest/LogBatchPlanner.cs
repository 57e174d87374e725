using System.Text.Json;

namespace TwitterSentiment.Trainer.Tracking.Rest;

/// <summary>
/// Splits metrics, params and tags into <c>runs/log-batch</c> requests within MLflow's limits: at most 1000
/// metrics, 100 params, 100 tags and 1000 items per request, and a body well under 1 MB. Order within each
/// kind is preserved, which matters for metrics logged at the same step.
/// </summary>
internal static class LogBatchPlanner
{
    public static IEnumerable<LogBatchRequest> Plan(string runId, IReadOnlyList<MlflowMetric> metrics,
        IReadOnlyList<MlflowKeyValue> parameters, IReadOnlyList<MlflowKeyValue> tags, JsonSerializerOptions json)
    {
        // Exact serialised size of each item plus its comma.
        int Size<T>(T item) => JsonSerializer.SerializeToUtf8Bytes(item, json).Length + 1;

        int m = 0, p = 0, t = 0;
        while (m < metrics.Count || p < parameters.Count || t < tags.Count)
        {
            var batchParams = new List<MlflowKeyValue>();
            var batchTags = new List<MlflowKeyValue>();
            var batchMetrics = new List<MlflowMetric>();
            int bytes = 0;

            bool Fits(int size) =>
                batchParams.Count + batchTags.Count + batchMetrics.Count < MlflowLimits.MaxBatchItems
                && (bytes + size <= MlflowLimits.MaxBatchBodyBytes || bytes == 0);

            for (; p < parameters.Count && batchParams.Count < MlflowLimits.MaxBatchParams && Fits(Size(parameters[p])); p++)
            {
                bytes += Size(parameters[p]);
                batchParams.Add(parameters[p]);
            }

            for (; t < tags.Count && batchTags.Count < MlflowLimits.MaxBatchTags && Fits(Size(tags[t])); t++)
            {
                bytes += Size(tags[t]);
                batchTags.Add(tags[t]);
            }

            for (; m < metrics.Count && batchMetrics.Count < MlflowLimits.MaxBatchMetrics && Fits(Size(metrics[m])); m++)
            {
                bytes += Size(metrics[m]);
                batchMetrics.Add(metrics[m]);
            }

            yield return new LogBatchRequest(runId, batchMetrics, batchParams, batchTags);
        }
    }
}
