package io.plumbline.monitor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A config of a few keys, on a broker at localhost:9092, with no file and no environment. */
final class KeysOnly {

    private KeysOnly() {
    }

    static PlumblineConfig load(Map<String, String> keys) throws ConfigException {
        Map<String, String> all = new LinkedHashMap<>(keys);
        all.put("kafka.bootstrap-servers", "localhost:9092");
        return ConfigLoader.load(null, all, Map.of());
    }

    /** The problems of a config the loader refuses. */
    static List<String> problems(Map<String, String> keys) {
        Throwable t = catchThrowable(() -> load(keys));
        assertThat(t).isInstanceOf(ConfigException.class);
        return ((ConfigException) t).problems();
    }
}
