-- One PostgreSQL role per service, each the owner of its own schema and of nothing else, so that a service's
-- credentials, if stolen, open one schema: the ledger's chain cannot be rewritten with the report-service's password.
-- docker-compose.yml runs this once, on an empty data directory, through roles.sh, which passes each service's
-- password as a psql variable (tx_password, validator_password, ledger_password, recovery_password, report_password).
-- ComposeDatabaseRolesIntegrationTest (gateway-service) runs it against a real PostgreSQL.

-- nobody but a schema's owner creates anything, and nobody reaches a schema without being granted it
REVOKE ALL ON SCHEMA public FROM PUBLIC;

CREATE ROLE dsh_tx LOGIN PASSWORD :'tx_password';
CREATE SCHEMA tx AUTHORIZATION dsh_tx;

CREATE ROLE dsh_validator LOGIN PASSWORD :'validator_password';
CREATE SCHEMA validator AUTHORIZATION dsh_validator;

CREATE ROLE dsh_ledger LOGIN PASSWORD :'ledger_password';
CREATE SCHEMA ledger AUTHORIZATION dsh_ledger;

CREATE ROLE dsh_recovery LOGIN PASSWORD :'recovery_password';
CREATE SCHEMA recovery AUTHORIZATION dsh_recovery;

CREATE ROLE dsh_report LOGIN PASSWORD :'report_password';
CREATE SCHEMA report AUTHORIZATION dsh_report;

-- a rebuild (service-kit's Schemas) replays into a new schema of the role's own and renames it over the live one,
-- which needs CREATE on the database; renaming or dropping a schema still needs its ownership, so no role touches
-- another's
DO $$
BEGIN
    EXECUTE format('GRANT CREATE ON DATABASE %I TO dsh_tx, dsh_validator, dsh_ledger, dsh_recovery, dsh_report',
                   current_database());
END
$$;
