package health.datasafe.devstack;

import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * A repository layout whose service jars are small stand-in programs, so the devstack's own work (ports, arguments,
 * environment, health waits, stop, kill, restart) is tested against real child JVMs, a real broker and a real
 * database without the services themselves. A stand-in prints its arguments and DSH_ environment, then answers
 * {@code GET /actuator/health} (and every path below it) with UP (the gateway's only with a bearer token); a jar with a
 * {@code .broken} file beside it exits with code 3 instead, and while an {@code .unhealthy} file is beside it, it answers
 * 503 with DOWN.
 */
final class StandInRepository {

    private static final String SOURCE = """
            import com.sun.net.httpserver.HttpServer;
            import java.net.InetAddress;
            import java.net.InetSocketAddress;
            import java.nio.file.Files;
            import java.nio.file.Path;
            import java.util.TreeMap;

            public class StandIn {
                public static void main(String[] args) throws Exception {
                    Path jar = Path.of(StandIn.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                    boolean guarded = jar.getFileName().toString().startsWith("gateway");
                    int port = -1;
                    for (String arg : args) {
                        System.out.println("arg " + arg);
                        if (arg.startsWith("--server.port=")) {
                            port = Integer.parseInt(arg.substring("--server.port=".length()));
                        }
                    }
                    new TreeMap<>(System.getenv()).forEach((name, value) -> {
                        if (name.startsWith("DSH_")) {
                            System.out.println("env " + name + "=" + value);
                        }
                    });
                    if (Files.exists(jar.resolveSibling(jar.getFileName() + ".broken"))) {
                        System.out.println("stand-in refuses to start: no database at all");
                        System.exit(3);
                    }
                    Path unhealthyMark = jar.resolveSibling(jar.getFileName() + ".unhealthy");
                    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
                    server.createContext("/actuator/health", exchange -> {
                        boolean unhealthy = Files.exists(unhealthyMark);
                        boolean allowed = !guarded || exchange.getRequestHeaders().getFirst("Authorization") != null;
                        byte[] body = (!allowed ? "{}" : unhealthy ? "{\\"status\\":\\"DOWN\\"}" : "{\\"status\\":\\"UP\\"}").getBytes();
                        exchange.sendResponseHeaders(!allowed ? 401 : unhealthy ? 503 : 200, body.length);
                        exchange.getResponseBody().write(body);
                        exchange.close();
                    });
                    server.start();
                    System.out.println("stand-in listening on " + port);
                }
            }
            """;

    private StandInRepository() {
    }

    /** Creates the layout under {@code root}: pom.xml, devstack/, and {@code <module>/target/<module>.jar} for each service. */
    static Path create(Path root) {
        try {
            Files.createDirectories(root.resolve("devstack"));
            Files.writeString(root.resolve("pom.xml"), "<project/>\n");
            Path classes = Files.createDirectories(root.resolve("stand-in/classes"));
            Path source = root.resolve("stand-in/StandIn.java");
            Files.writeString(source, SOURCE);
            int status = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(), source.toString());
            if (status != 0) {
                throw new IllegalStateException("the stand-in did not compile");
            }
            byte[] standIn = Files.readAllBytes(classes.resolve("StandIn.class"));
            for (Service service : Service.values()) {
                Path jar = service.jar(root);
                Files.createDirectories(jar.getParent());
                var manifest = new Manifest();
                manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
                manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "StandIn");
                try (var out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
                    out.putNextEntry(new JarEntry("StandIn.class"));
                    out.write(standIn);
                    out.closeEntry();
                }
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes the service's stand-in exit at start. */
    static void breakService(Path root, Service service) {
        mark(root, service, ".broken");
    }

    /** Makes the service's stand-in answer its health checks with 503 DOWN, from its next one on. */
    static void makeUnhealthy(Path root, Service service) {
        mark(root, service, ".unhealthy");
    }

    /** Makes the service's stand-in answer its health checks with UP again. */
    static void makeHealthy(Path root, Service service) {
        try {
            Files.deleteIfExists(service.jar(root).resolveSibling(service.module() + ".jar.unhealthy"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void mark(Path root, Service service, String suffix) {
        try {
            Files.writeString(service.jar(root).resolveSibling(service.module() + ".jar" + suffix), "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
