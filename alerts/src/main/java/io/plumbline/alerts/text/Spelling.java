package io.plumbline.alerts.text;

import java.util.Collection;
import java.util.Locale;

/** The known name (a price key, a topic) a misspelt one most likely meant. */
public final class Spelling {

    private Spelling() {
    }

    /**
     * The candidate within a third of the typed key's length in edits (at least 1, at most 3),
     * the nearest first; null when none is that close. Case, '-' and '_' do not count.
     */
    public static String closest(String typed, Collection<String> candidates) {
        String normalized = normalize(typed);
        int allowed = Math.max(1, Math.min(3, typed.length() / 3));
        String best = null;
        int bestDistance = allowed + 1;
        for (String candidate : candidates) {
            int d = editDistance(normalized, normalize(candidate));
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best;
    }

    private static String normalize(String s) {
        return s.toLowerCase(Locale.ROOT).replace('-', '_');
    }

    /** Levenshtein distance: insertions, deletions and substitutions. */
    private static int editDistance(String a, String b) {
        int[] row = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            row[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int above = row[j];
                int substitute = diagonal + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                row[j] = Math.min(substitute, Math.min(above, row[j - 1]) + 1);
                diagonal = above;
            }
        }
        return row[b.length()];
    }
}
