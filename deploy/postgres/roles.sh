#!/bin/sh
# The official postgres image runs this once, on an empty data directory: one role per service (roles.sql), each
# with the password compose gives it. A missing password stops the first start rather than leaving a role without one.
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    -v tx_password="${DSH_DB_PASSWORD_TX:?}" \
    -v validator_password="${DSH_DB_PASSWORD_VALIDATOR:?}" \
    -v ledger_password="${DSH_DB_PASSWORD_LEDGER:?}" \
    -v recovery_password="${DSH_DB_PASSWORD_RECOVERY:?}" \
    -v report_password="${DSH_DB_PASSWORD_REPORT:?}" \
    -f /dsh/roles.sql
