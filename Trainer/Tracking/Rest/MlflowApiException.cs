using System.Net;

namespace TwitterSentiment.Trainer.Tracking.Rest;

/// <summary>An MLflow server answered with an error body <c>{"error_code": ..., "message": ...}</c> (or a bare status).</summary>
public sealed class MlflowApiException : TrackingException
{
    public MlflowApiException()
    {
    }

    public MlflowApiException(string message) : base(message)
    {
    }

    public MlflowApiException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public MlflowApiException(HttpStatusCode statusCode, string errorCode, string message)
        : base($"MLflow server error {(int)statusCode} {errorCode}: {message}")
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
    }

    public HttpStatusCode StatusCode { get; }

    /// <summary>MLflow's error code, e.g. RESOURCE_ALREADY_EXISTS, RESOURCE_DOES_NOT_EXIST, INVALID_PARAMETER_VALUE.</summary>
    public string ErrorCode { get; } = "";
}
