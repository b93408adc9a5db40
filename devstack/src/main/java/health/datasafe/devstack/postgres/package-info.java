/** A real PostgreSQL from embedded binaries whose data directory survives restarts. */
package health.datasafe.devstack.postgres;
