package health.datasafe.kit.problem;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeoutException;

/**
 * Turns whatever went wrong in a reactive service into a problem: no route (404), a body too large (413), a service
 * behind it that cannot be reached or broke off (502), one that did not answer in time (504). Runs before Spring
 * Boot's own error handler, so no HTML or Boot error JSON ever leaves the service.
 */
@Order(-2)
public class ReactiveProblemHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ReactiveProblemHandler.class);

    private final ReactiveProblems problems;

    public ReactiveProblemHandler(ReactiveProblems problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(error);
        }
        if (error instanceof ResponseStatusException statusError) {
            HttpStatusCode status = statusError.getStatusCode();
            if (status.is5xxServerError() && status.value() != HttpStatus.GATEWAY_TIMEOUT.value()) {
                log.warn("{} {} failed with {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), status, error);
            }
            return problems.write(exchange, status, detail(status, statusError));
        }
        if (unreachable(error)) {
            log.warn("{} {}: service unreachable: {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), error.toString());
            return problems.write(exchange, HttpStatus.BAD_GATEWAY, Problem.standardDetail(HttpStatus.BAD_GATEWAY));
        }
        if (causedBy(error, TimeoutException.class)) {
            return problems.write(exchange, HttpStatus.GATEWAY_TIMEOUT, Problem.standardDetail(HttpStatus.GATEWAY_TIMEOUT));
        }
        log.error("{} {} failed", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), error);
        return problems.write(exchange, HttpStatus.INTERNAL_SERVER_ERROR,
                Problem.standardDetail(HttpStatus.INTERNAL_SERVER_ERROR));
    }

    /** Our own reasons are meant for the caller; framework reasons (class names, resource paths) are not. */
    private static String detail(HttpStatusCode status, ResponseStatusException error) {
        if (error instanceof CallerFacingProblem && error.getReason() != null) {
            return error.getReason();
        }
        return Problem.standardDetail(status);
    }

    private static boolean unreachable(Throwable error) {
        return causedBy(error, ConnectException.class) || causedBy(error, UnknownHostException.class)
                || causedBy(error, ClosedChannelException.class)
                || causedBy(error, io.netty.channel.ConnectTimeoutException.class)
                || causedBy(error, reactor.netty.http.client.PrematureCloseException.class);
    }

    private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }
}
