package health.datasafe.devstack;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

/**
 * While a devstack runs, everything this JVM logs (Kafka's broker, zonky, the devstack itself) is also appended to
 * {@code <data-dir>/logs/devstack.log}. Only when Logback is the logging backend; otherwise nothing happens.
 */
final class DevstackLog implements AutoCloseable {

    private final FileAppender<ILoggingEvent> appender;

    private DevstackLog(FileAppender<ILoggingEvent> appender) {
        this.appender = appender;
    }

    static DevstackLog attach(Path file) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return new DevstackLog(null);
        }
        var encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{40} - %msg%n");
        encoder.start();
        var appender = new FileAppender<ILoggingEvent>();
        appender.setContext(context);
        appender.setName("devstack-file-" + System.identityHashCode(appender));
        appender.setFile(file.toString());
        appender.setAppend(true);
        appender.setEncoder(encoder);
        appender.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
        Logger devstack = context.getLogger("health.datasafe.devstack");
        if (!devstack.isAdditive()) {
            devstack.addAppender(appender);
        }
        return new DevstackLog(appender);
    }

    @Override
    public void close() {
        if (appender == null) {
            return;
        }
        var context = (LoggerContext) appender.getContext();
        context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(appender);
        context.getLogger("health.datasafe.devstack").detachAppender(appender);
        appender.stop();
    }
}
