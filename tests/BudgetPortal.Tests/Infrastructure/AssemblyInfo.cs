// The tests start PostgreSQL from Debian's binaries, as the portal does: Linux only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
