package io.plumbline.jobs.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import io.plumbline.monitor.pricing.PriceTable;
import io.plumbline.schemas.event.LlmCallRecord;
import org.junit.jupiter.api.Test;

class LlmKeyTest {

    @Test
    void readsBackEveryPartWhateverTheyContain() {
        for (String[] parts : new String[][] {
                {"support-bot", "triage", "chat"}, {"a/b", "c/d", "e/f"}, {"12:x", ":/", "3:/"},
                {"", "", ""}, {"サービス", "プロンプト", "チャット"},
                {"svc", LlmCallRecord.NO_PROMPT, "embeddings"}}) {
            String key = LlmKey.of(parts[0], parts[1], parts[2]);

            assertThat(LlmKey.service(key)).isEqualTo(parts[0]);
            assertThat(LlmKey.promptName(key)).isEqualTo(parts[1]);
            assertThat(LlmKey.operation(key)).isEqualTo(parts[2]);
        }
    }

    @Test
    void randomPartsOfTheKeysCharactersNeverCollide() {
        Random random = new Random(20251124L);
        String alphabet = "ab:/0123456789";
        Set<String> keys = new HashSet<>();
        Set<String> triples = new HashSet<>();
        for (int i = 0; i < 5_000; i++) {
            String service = randomPart(random, alphabet);
            String prompt = randomPart(random, alphabet);
            String operation = randomPart(random, alphabet);
            String key = LlmKey.of(service, prompt, operation);

            assertThat(new String[] {LlmKey.service(key), LlmKey.promptName(key), LlmKey.operation(key)})
                    .containsExactly(service, prompt, operation);
            keys.add(key);
            triples.add(service + "\u0000" + prompt + "\u0000" + operation);
        }
        assertThat(keys).hasSameSizeAs(triples);
    }

    @Test
    void aCallIsKeyedByServicePromptAndOperationOnly() {
        LlmCallRecord.Builder call = LlmCallRecord.builder().eventId("c-1").startTimeNanos(1).endTimeNanos(2)
                .service("support-bot").operation("chat").provider("openai").requestModel("gpt-4o")
                .promptName("triage").promptVersion("v7");

        CallPartials partials = new CallPartials(60_000, PriceTable.defaults(), 8, false);
        String key = partials.key(call.build());

        assertThat(key).isEqualTo("11:support-bot/6:triage/chat");
        assertThat(partials.key(call.provider("anthropic").requestModel("claude").promptVersion("v8").build()))
                .as("provider, model and prompt version live inside the key").isEqualTo(key);
        assertThat(partials.key(call.promptName(null).build())).isEqualTo("11:support-bot/0:/chat");
    }

    @Test
    void aStringNotBuiltByOfIsRefusedNamingIt() {
        for (String bad : new String[] {"support-bot/triage/chat", "x:svc/0:/chat", "99:svc/0:/chat", "-1:/0:/c",
                "3:svc/6:triage"}) {
            assertThatThrownBy(() -> LlmKey.operation(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + bad + "'");
        }
    }

    private static String randomPart(Random random, String alphabet) {
        char[] chars = new char[random.nextInt(5)];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = alphabet.charAt(random.nextInt(alphabet.length()));
        }
        return new String(chars);
    }
}
