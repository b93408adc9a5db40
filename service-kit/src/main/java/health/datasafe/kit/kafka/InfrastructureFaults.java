package health.datasafe.kit.kafka;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/**
 * Tells an outage (the database or the broker cannot be reached, a transaction collided with another) from
 * everything else. An outage passes and the record is then processed as it should be, so it is retried for as long as
 * it lasts; anything else would fail the same way forever.
 */
public final class InfrastructureFaults {

    private InfrastructureFaults() {
    }

    public static boolean isOutage(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof TransientDataAccessException
                    || cause instanceof RecoverableDataAccessException
                    || cause instanceof DataAccessResourceFailureException
                    || cause instanceof CannotCreateTransactionException
                    || cause instanceof SQLTransientException
                    || cause instanceof SQLRecoverableException
                    || cause instanceof org.apache.kafka.common.errors.RetriableException
                    || cause instanceof ConnectException
                    || cause instanceof SocketTimeoutException) {
                return true;
            }
            if (cause instanceof SQLException sql && outageState(sql.getSQLState())) {
                return true;
            }
            if (cause instanceof TransactionSystemException unfinished && (unfinished.getCause() instanceof SQLException
                    || unfinished.getApplicationException() != null && isOutage(unfinished.getApplicationException()))) {
                // the database could not finish a transaction (its connection was closed under it: HikariCP's
                // "Connection is closed" carries no SQLSTATE), or what failed inside it was an outage
                return true;
            }
        }
        return false;
    }

    /**
     * SQLSTATE classes of an outage: 08 connection exception, 40 transaction rollback (serialization failure,
     * deadlock), 53 insufficient resources, 57P01-57P03 the server shutting down or not accepting connections.
     */
    private static boolean outageState(String state) {
        return state != null && (state.startsWith("08") || state.startsWith("40") || state.startsWith("53")
                || state.startsWith("57P"));
    }
}
