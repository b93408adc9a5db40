package health.datasafe.kit.kafka;

import health.datasafe.integrity.CanonicalJson;
import health.datasafe.integrity.StrictJson;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The first screen of every consumed record: its value must be JSON as {@link StrictJson} accepts it (strict UTF-8,
 * no duplicate names, no lone surrogates or U+0000, I-JSON numbers, shallow nesting) and must bind to the expected
 * event record. Whatever fails is {@link RecordRefused}, so it is dead-lettered before anything hashes, stores or acts
 * on it.
 */
public class EventReader {

    private final JsonMapper json;

    public EventReader(JsonMapper json) {
        this.json = json;
    }

    public <T> T read(byte[] value, Class<T> type) {
        String text;
        try {
            text = StrictJson.decode(value);
        } catch (CanonicalJson.MalformedJson e) {
            throw new RecordRefused("not a " + type.getSimpleName() + ": " + e.getMessage());
        }
        T event;
        try {
            event = json.readValue(text, type);
        } catch (JacksonException e) {
            throw new RecordRefused("not a " + type.getSimpleName() + ": " + e.getOriginalMessage());
        } catch (RuntimeException e) {
            throw new RecordRefused("not a " + type.getSimpleName() + ": " + e.getMessage());
        }
        if (event == null) {
            throw new RecordRefused("not a " + type.getSimpleName() + ": null");
        }
        return event;
    }
}
