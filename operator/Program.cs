// Composition root. The host is built in the reconciler issue; until then the operator only starts its web endpoints.
var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.MapGet("/healthz", () => "ok");
app.Run();
