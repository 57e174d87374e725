using System.Net.Http.Headers;
using System.Text;

namespace TwitterSentiment.Trainer.Tracking.Rest;

/// <summary>The Authorization header MLflow's Python client would send: MLFLOW_TRACKING_TOKEN (bearer) wins over
/// MLFLOW_TRACKING_USERNAME/MLFLOW_TRACKING_PASSWORD (basic).</summary>
public static class MlflowCredentials
{
    public static AuthenticationHeaderValue? FromEnvironment(Func<string, string?> environment)
    {
        string? token = environment("MLFLOW_TRACKING_TOKEN");
        if (!string.IsNullOrEmpty(token))
            return new AuthenticationHeaderValue("Bearer", token);

        string? user = environment("MLFLOW_TRACKING_USERNAME");
        string? password = environment("MLFLOW_TRACKING_PASSWORD");
        if (string.IsNullOrEmpty(user) && string.IsNullOrEmpty(password))
            return null;
        string pair = $"{user}:{password}";
        return new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(pair)));
    }
}
