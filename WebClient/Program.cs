using TwitterSentiment.WebClient.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddSentimentSite();

var app = builder.Build();
app.UseSentimentSite();
app.Run();

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
