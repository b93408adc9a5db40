package health.datasafe.devstack.kafka;

import health.datasafe.contracts.TopicAccess;
import health.datasafe.devstack.keys.DevstackKeys;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The SCRAM passwords of a broker's principals, kept beside its storage (readable by its owner only): the admin's,
 * set when the storage is formatted, and one per service ({@link TopicAccess}), set by the admin at every locked
 * start. Passwords are 24 random bytes in hex, so they need no quoting in a JAAS line.
 *
 * @param passwords password by principal name, the admin's included
 */
public record KafkaCredentials(Map<String, String> passwords) {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String SCRAM_LOGIN = "org.apache.kafka.common.security.scram.ScramLoginModule";

    public KafkaCredentials {
        passwords = Map.copyOf(passwords);
    }

    /** New random passwords for the admin and every service principal. */
    static KafkaCredentials generate() {
        Map<String, String> passwords = new LinkedHashMap<>();
        passwords.put(TopicAccess.ADMIN_PRINCIPAL, newPassword());
        for (TopicAccess access : TopicAccess.values()) {
            passwords.put(access.principal(), newPassword());
        }
        return new KafkaCredentials(passwords);
    }

    /**
     * The credentials kept in {@code file}, if it exists; a service principal it lacks (one added since) gets a new
     * password, kept at once.
     */
    static Optional<KafkaCredentials> load(Path file) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        var kept = new Properties();
        try {
            kept.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Kafka credentials in " + file, e);
        }
        Map<String, String> passwords = new LinkedHashMap<>();
        kept.stringPropertyNames().forEach(name -> passwords.put(name, kept.getProperty(name)));
        if (!passwords.containsKey(TopicAccess.ADMIN_PRINCIPAL)) {
            throw new IllegalStateException(file + " holds no password for " + TopicAccess.ADMIN_PRINCIPAL);
        }
        boolean added = false;
        for (TopicAccess access : TopicAccess.values()) {
            added |= passwords.putIfAbsent(access.principal(), newPassword()) == null;
        }
        var credentials = new KafkaCredentials(passwords);
        if (added) {
            credentials.keep(file);
        }
        return Optional.of(credentials);
    }

    /** Writes these credentials to {@code file}, readable by its owner only, replacing it whole. */
    void keep(Path file) {
        var text = new StringBuilder("# SCRAM-SHA-512 passwords of this broker's principals (the devstack's --kafka-auth)");
        new TreeMap<>(passwords).forEach((principal, password) -> text.append('\n').append(principal).append('=').append(password));
        try {
            Files.createDirectories(file.getParent());
            DevstackKeys.writePrivate(file, text.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the Kafka credentials in " + file, e);
        }
    }

    public String password(String principal) {
        String password = passwords.get(principal);
        if (password == null) {
            throw new IllegalArgumentException("no Kafka credential for " + principal);
        }
        return password;
    }

    /** The {@code sasl.jaas.config} line a client of {@code principal} logs in with. */
    public String jaasConfig(String principal) {
        return SCRAM_LOGIN + " required username=\"" + principal + "\" password=\"" + password(principal) + "\";";
    }

    /** The client settings that authenticate as {@code principal}: protocol, mechanism and JAAS line. */
    public Map<String, Object> clientSettings(String principal) {
        return Map.of(
                "security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", TopicAccess.SCRAM_MECHANISM,
                "sasl.jaas.config", jaasConfig(principal));
    }

    private static String newPassword() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
