-- A read-only role for analysts (NOLOGIN group role: grant it to personal logins). Idempotent.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'tonstream_analyst') THEN
        CREATE ROLE tonstream_analyst NOLOGIN;
    END IF;
END
$$;
DO $$
BEGIN
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO tonstream_analyst', current_schema());
    EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA %I TO tonstream_analyst', current_schema());
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT ON TABLES TO tonstream_analyst', current_schema());
END
$$;
