package health.datasafe.devsupport;

/** Where a running PostgreSQL database is reached. */
public record PostgresDatabase(String jdbcUrl, String username, String password) {

    /** The JDBC URL with the given schema first on the search path. */
    public String jdbcUrl(String schema) {
        return jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }
}
