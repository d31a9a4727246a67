package io.plumbline.monitor.config;

import java.util.Arrays;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

import io.plumbline.alerts.text.Spelling;

/**
 * Explains a key the config does not know: the closest known key when it looks like a typo
 * ("unknown key 'windw' (did you mean 'window'?)"), else the keys that are allowed where it stands.
 */
final class KeySuggestions {

    private final Set<String> leaves;
    private final Set<String> sections = new TreeSet<>();

    /** @param leaves every known key that takes a value; map sections such as kafka.properties count as leaves */
    KeySuggestions(Collection<String> leaves) {
        this.leaves = new TreeSet<>(leaves);
        for (String leaf : leaves) {
            for (int dot = leaf.indexOf('.'); dot > 0; dot = leaf.indexOf('.', dot + 1)) {
                sections.add(leaf.substring(0, dot));
            }
        }
    }

    /**
     * The problem to report for {@code key} set to {@code value}; equal problems for keys under
     * the same misspelt section are equal strings, so a caller can report them once.
     */
    String explain(String key, String value) {
        if (sections.contains(key)) {
            return key + ": expected a section with keys " + String.join(", ", children(key))
                    + ", got " + Secrets.quote(key, value);
        }
        String[] segments = key.split("\\.", -1);
        String section = "";
        int i = 0;
        while (i < segments.length - 1 && sections.contains(join(section, segments[i]))) {
            section = join(section, segments[i++]);
        }
        String first = join(section, segments[i]);
        boolean deeper = i < segments.length - 1;
        if (deeper && leaves.contains(first)) {
            return first + ": expected a single value, got a section (" + key + ")";
        }
        if (deeper) {
            String guess = Spelling.closest(segments[i], childSections(section));
            if (guess != null) {
                return "unknown key '" + first + "' (did you mean '" + join(section, guess) + "'?)";
            }
        }
        String rest = String.join(".", Arrays.copyOfRange(segments, i, segments.length));
        String guess = Spelling.closest(rest, remaindersUnder(section));
        if (guess != null) {
            return "unknown key '" + key + "' (did you mean '" + join(section, guess) + "'?)";
        }
        String where = section.isEmpty() ? "at the top level" : "in section '" + section + "'";
        return "unknown key '" + (deeper ? first : key) + "'; expected " + where + ": "
                + String.join(", ", children(section));
    }

    private Set<String> children(String section) {
        Set<String> names = new TreeSet<>();
        for (String k : union()) {
            String rest = under(section, k);
            if (rest != null) {
                int dot = rest.indexOf('.');
                names.add(dot < 0 ? rest : rest.substring(0, dot));
            }
        }
        return names;
    }

    private Set<String> childSections(String section) {
        Set<String> names = new TreeSet<>();
        for (String s : sections) {
            String rest = under(section, s);
            if (rest != null && rest.indexOf('.') < 0) {
                names.add(rest);
            }
        }
        return names;
    }

    private Set<String> remaindersUnder(String section) {
        Set<String> rests = new TreeSet<>();
        for (String k : leaves) {
            String rest = under(section, k);
            if (rest != null) {
                rests.add(rest);
            }
        }
        return rests;
    }

    private Set<String> union() {
        Set<String> all = new TreeSet<>(leaves);
        all.addAll(sections);
        return all;
    }

    private static String under(String section, String key) {
        if (section.isEmpty()) {
            return key;
        }
        return key.startsWith(section + ".") ? key.substring(section.length() + 1) : null;
    }

    private static String join(String section, String name) {
        return section.isEmpty() ? name : section + "." + name;
    }
}
