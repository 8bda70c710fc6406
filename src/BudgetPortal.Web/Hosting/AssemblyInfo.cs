// The portal runs on Linux: the embedded PostgreSQL launcher uses Unix file modes and runuser.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

// The tests play a killed app by letting go of the data folder's lock without stopping the server.
[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("BudgetPortal.Tests")]
