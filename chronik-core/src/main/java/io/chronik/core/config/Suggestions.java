package io.chronik.core.config;

import java.util.Collection;
import java.util.Optional;

/**
 * Finds the known name closest to a misspelt one, for "did you mean" hints in configuration errors.
 * Closeness is the edit distance (insertions, deletions, substitutions); only names within
 * {@link #MAX_DISTANCE} edits are suggested, so an unrelated name gets no hint.
 */
final class Suggestions {

    static final int MAX_DISTANCE = 2;

    private Suggestions() {
    }

    /**
     * The candidate closest to {@code name}, if one is within {@link #MAX_DISTANCE} edits; of equally
     * close candidates, the first in iteration order.
     */
    static Optional<String> closest(String name, Collection<String> candidates) {
        String best = null;
        int bestDistance = MAX_DISTANCE + 1;
        for (String candidate : candidates) {
            int distance = distance(name, candidate);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    /** {@code "; did you mean X?"} for the closest candidate, or an empty string. */
    static String hint(String name, Collection<String> candidates) {
        return closest(name, candidates).map(c -> "; did you mean " + c + "?").orElse("");
    }

    /** Levenshtein distance with two rolling rows. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
