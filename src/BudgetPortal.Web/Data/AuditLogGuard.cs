using Microsoft.EntityFrameworkCore;

namespace BudgetPortal.Web.Data;

/// <summary>Makes the audit log append-only in the database itself: UPDATE, DELETE and TRUNCATE raise an error.</summary>
public static class AuditLogGuard
{
    public static Task EnsureAsync(PortalDbContext db, CancellationToken ct) => db.Database.ExecuteSqlRawAsync("""
        CREATE OR REPLACE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION '审计日志只能追加，不能修改或删除';
        END $$;
        DO $$
        BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'audit_entries_no_change') THEN
                CREATE TRIGGER audit_entries_no_change BEFORE UPDATE OR DELETE ON audit_entries
                    FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only();
            END IF;
            IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'audit_entries_no_truncate') THEN
                CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries
                    FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_append_only();
            END IF;
        END $$;
        """, ct);
}
