// The portal runs on Linux: the embedded PostgreSQL launcher uses Unix file modes and runuser.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
