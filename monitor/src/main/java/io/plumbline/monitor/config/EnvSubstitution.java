package io.plumbline.monitor.config;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${NAME}} and {@code ${NAME:-default}} in a config value with environment
 * variables, so that secrets stay out of the file. {@code $${} writes a literal {@code ${}.
 * As in a POSIX shell, {@code :-} also applies when the variable is set but empty.
 */
final class EnvSubstitution {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private EnvSubstitution() {
    }

    /** The substituted value; a problem naming {@code key} for each reference that cannot be resolved. */
    static String apply(String key, String text, Map<String, String> environment, List<String> problems) {
        if (text.indexOf('$') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (text.startsWith("${", i)) {
                int close = text.indexOf('}', i + 2);
                if (close < 0) {
                    String in = Secrets.mayHold(key) ? "its value " + Secrets.NOT_SHOWN : Secrets.quoted(text);
                    problems.add(key + ": unterminated '${' in " + in + "; write ${NAME} or ${NAME:-default}"
                            + " (or $${ for a literal ${)");
                    return text;
                }
                out.append(resolve(key, text.substring(i + 2, close), environment, problems));
                i = close + 1;
            } else {
                out.append(text.charAt(i++));
            }
        }
        return out.toString();
    }

    private static String resolve(String key, String reference, Map<String, String> environment,
                                  List<String> problems) {
        int dash = reference.indexOf(":-");
        String name = dash < 0 ? reference : reference.substring(0, dash);
        if (!NAME.matcher(name).matches()) {
            String what = Secrets.mayHold(key) ? "a '${...}' in its value " + Secrets.NOT_SHOWN
                    : Secrets.quoted("${" + reference + "}");
            problems.add(key + ": " + what + " does not name an environment variable; write ${NAME}"
                    + " or ${NAME:-default} with NAME of letters, digits and '_'");
            return "";
        }
        String value = environment.get(name);
        if (dash >= 0) {
            return value == null || value.isEmpty() ? reference.substring(dash + 2) : value;
        }
        if (value == null) {
            problems.add(key + ": environment variable " + name + " is not set; set it, or give a default"
                    + " as ${" + name + ":-default}");
            return "";
        }
        return value;
    }
}
