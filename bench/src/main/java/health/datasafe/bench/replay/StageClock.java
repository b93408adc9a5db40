package health.datasafe.bench.replay;

import org.apache.kafka.clients.consumer.Consumer;
import org.springframework.kafka.core.ConsumerFactory;

import javax.sql.DataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;

/**
 * A profiler-free breakdown of where a replay's time goes, from the outside: the replay is handed a consumer factory
 * and a data source whose consumers, connections and statements add up the wall-clock time spent inside their calls
 * (dynamic proxies around the real ones). Time inside Kafka consumer calls is fetching and deserializing; time inside
 * JDBC calls is PostgreSQL's (inserts, queries, commits) plus the driver's; the rest of the replay thread's time is
 * spent in the service's own code. Meant for one thread, the replay's.
 */
final class StageClock {

    private long kafkaNanos;
    private long jdbcNanos;
    private long kafkaCalls;
    private long jdbcCalls;

    long kafkaNanos() {
        return kafkaNanos;
    }

    long jdbcNanos() {
        return jdbcNanos;
    }

    long kafkaCalls() {
        return kafkaCalls;
    }

    long jdbcCalls() {
        return jdbcCalls;
    }

    /** {@code consumers}, whose consumers count the time spent in their calls. */
    @SuppressWarnings("unchecked")
    ConsumerFactory<String, byte[]> consumers(ConsumerFactory<String, byte[]> consumers) {
        return (ConsumerFactory<String, byte[]>) proxy(ConsumerFactory.class, consumers, (method, result) -> result
                instanceof Consumer<?, ?> consumer ? proxy(Consumer.class, consumer, this::kafka) : result);
    }

    /** {@code dataSource}, whose connections and statements count the time spent in their calls. */
    DataSource dataSource(DataSource dataSource) {
        return (DataSource) proxy(DataSource.class, dataSource,
                (method, result) -> result instanceof Connection connection
                        ? proxy(Connection.class, connection, this::jdbc) : result);
    }

    private Object kafka(Method method, Object[] args, Object target) throws Throwable {
        long began = System.nanoTime();
        try {
            return call(method, target, args);
        } finally {
            kafkaNanos += System.nanoTime() - began;
            kafkaCalls++;
        }
    }

    private Object jdbc(Method method, Object[] args, Object target) throws Throwable {
        long began = System.nanoTime();
        Object result;
        try {
            result = call(method, target, args);
        } finally {
            jdbcNanos += System.nanoTime() - began;
            jdbcCalls++;
        }
        if (result instanceof CallableStatement statement) {
            return proxy(CallableStatement.class, statement, this::jdbc);
        }
        if (result instanceof PreparedStatement statement) {
            return proxy(PreparedStatement.class, statement, this::jdbc);
        }
        if (result instanceof Statement statement) {
            return proxy(Statement.class, statement, this::jdbc);
        }
        return result;
    }

    /** A call on a proxied object, timed or passed through. */
    private interface Timed {
        Object invoke(Method method, Object[] args, Object target) throws Throwable;
    }

    /** What a pass-through proxy makes of a call's result. */
    private interface ResultWrapper {
        Object wrap(Method method, Object result);
    }

    private static Object proxy(Class<?> type, Object target, Timed timed) {
        InvocationHandler handler = (proxy, method, args) -> timed.invoke(method, args, target);
        return Proxy.newProxyInstance(StageClock.class.getClassLoader(), new Class<?>[] {type}, handler);
    }

    private static Object proxy(Class<?> type, Object target, ResultWrapper wrapper) {
        InvocationHandler handler = (proxy, method, args) -> wrapper.wrap(method, call(method, target, args));
        return Proxy.newProxyInstance(StageClock.class.getClassLoader(), new Class<?>[] {type}, handler);
    }

    private static Object call(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
