package health.datasafe.kit.kafka;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.TransactionSystemException;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

class InfrastructureFaultsTest {

    @Test
    void aTransactionTheDatabaseCouldNotRollBackOnAClosedConnectionIsAnOutage() {
        // what a listener meets when PostgreSQL stops in the middle of its transaction (HikariCP's words, no SQLSTATE)
        var rollbackFailed = new TransactionSystemException("JDBC rollback failed", new SQLException("Connection is closed"));

        assertThat(InfrastructureFaults.isOutage(rollbackFailed)).isTrue();
    }

    @Test
    void aTransactionWhoseWorkFailedByAnOutageIsAnOutageWhateverTheRollbackSaid() {
        var failed = new TransactionSystemException("rollback failed");
        failed.initApplicationException(new SQLException("terminating connection due to administrator command", "57P01"));

        assertThat(InfrastructureFaults.isOutage(failed)).isTrue();
    }

    @Test
    void aBrokenConstraintIsNotAnOutage() {
        assertThat(InfrastructureFaults.isOutage(new DataIntegrityViolationException("duplicate key",
                new SQLException("duplicate key value violates unique constraint", "23505")))).isFalse();
    }
}
