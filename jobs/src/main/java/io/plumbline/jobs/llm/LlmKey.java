package io.plumbline.jobs.llm;

import io.plumbline.schemas.event.LlmCallRecord;

/**
 * The LlmJob's key, (service.name, gen_ai.prompt.name, gen_ai.operation.name) as one string: the
 * length of the service, a colon, the service, a slash, the same for the prompt name, then the
 * operation ("11:support-bot/6:triage/chat"; a call without a prompt name: "11:support-bot/0:/chat").
 * The lengths make it unambiguous whatever characters the parts contain, so each can be read back
 * when a window closes.
 */
public final class LlmKey {

    private LlmKey() {
    }

    public static String of(String service, String promptName, String operation) {
        return service.length() + ":" + service + "/" + promptName.length() + ":" + promptName + "/" + operation;
    }

    /** @throws IllegalArgumentException when {@code key} was not built by {@link #of} */
    public static String service(String key) {
        return split(key)[0];
    }

    /** {@link LlmCallRecord#NO_PROMPT} for calls that name no prompt. */
    public static String promptName(String key) {
        return split(key)[1];
    }

    public static String operation(String key) {
        return split(key)[2];
    }

    /** Service, prompt name, operation: the two length-prefixed parts, then the rest. */
    private static String[] split(String key) {
        String[] parts = new String[3];
        int at = 0;
        for (int i = 0; i < 2; i++) {
            int colon = key.indexOf(':', at);
            if (colon < 0) {
                throw malformed(key);
            }
            int length;
            try {
                length = Integer.parseInt(key, at, colon, 10);
            } catch (NumberFormatException e) {
                throw malformed(key);
            }
            int end = colon + 1 + length;
            if (length < 0 || end < colon || end >= key.length() || key.charAt(end) != '/') {
                throw malformed(key);
            }
            parts[i] = key.substring(colon + 1, end);
            at = end + 1;
        }
        parts[2] = key.substring(at);
        return parts;
    }

    private static IllegalArgumentException malformed(String key) {
        return new IllegalArgumentException("'" + key + "' is not an LLM key: expected"
                + " <length>:<service>/<length>:<prompt name>/<operation>, as LlmKey.of builds");
    }
}
