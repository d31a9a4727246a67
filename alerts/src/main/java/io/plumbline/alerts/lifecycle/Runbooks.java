package io.plumbline.alerts.lifecycle;

import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Where the runbooks are that alerts link to: an alert's {@value Annotations#RUNBOOK_URL} is the base, '#' and
 * its rule, the anchor of the rule's section (docs/runbooks.md heads each section with the rule's name).
 *
 * @param baseUrl an http(s) URL, or a path relative to where the link is followed; without '#', which
 *     the rule's anchor follows
 */
public record Runbooks(String baseUrl) implements Serializable {

    /** The runbooks of the source tree: a team points the alerts at its own copy or wiki. */
    public static final Runbooks DEFAULT = new Runbooks("docs/runbooks.md");

    /** What a base URL may be, as a config problem says it. */
    public static final String EXPECTED = "an http(s) URL such as https://wiki.example.com/plumbline/runbooks, or"
            + " a relative path such as docs/runbooks.md, without '#' (each alert adds '#' and its rule)";

    public Runbooks {
        if (!isBaseUrl(baseUrl)) {
            throw new IllegalArgumentException("runbook base URL: expected " + EXPECTED + ", got '" + baseUrl + "'");
        }
    }

    /** The runbooks at {@code text}, or null when it is no base URL (see {@link #EXPECTED}). */
    public static Runbooks parse(String text) {
        return isBaseUrl(text) ? new Runbooks(text) : null;
    }

    /** The link to the section of {@code rule}, the alert's {@value Annotations#RUNBOOK_URL}. */
    public String url(String rule) {
        return baseUrl + "#" + rule;
    }

    /**
     * An http(s) URL with a host, or a relative path. A path from the root ({@code /wiki/…}) or another
     * scheme ({@code file:}) would be a link only where the alert happens to be read.
     */
    private static boolean isBaseUrl(String text) {
        if (text == null || text.isBlank() || text.indexOf('#') >= 0) {
            return false;
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            return false;
        }
        if (uri.getScheme() == null) {
            return !text.startsWith("/") && !uri.getRawPath().isEmpty();
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
    }
}
