package io.plumbline.delivery.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

/**
 * One dashboard of {@code deploy/grafana/dashboards} as Grafana would read it: its panels (those inside rows
 * too), template variables, queries and links. Grafana cannot run in a unit test, so what Grafana would only
 * show as an empty panel or a broken link is read from the JSON here.
 */
record ShippedDashboard(Path file, JsonNode json) {

    /** The shipped files, relative to the delivery module, the directory Maven runs its tests in. */
    static final Path DEPLOY = Path.of("..", "deploy");
    static final Path DASHBOARDS = DEPLOY.resolve("grafana/dashboards");

    private static final ObjectMapper JSON = new ObjectMapper();

    static List<ShippedDashboard> all() {
        try (Stream<Path> files = Files.list(DASHBOARDS)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted()
                    .map(ShippedDashboard::read).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ShippedDashboard read(Path file) {
        try {
            return new ShippedDashboard(file, JSON.readTree(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    String name() {
        return file.getFileName().toString();
    }

    String uid() {
        return json.path("uid").asText();
    }

    /** Every panel, rows and the panels of collapsed rows included. */
    List<JsonNode> panels() {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : json.path("panels")) {
            panels.add(panel);
            panel.path("panels").forEach(panels::add);
        }
        return panels;
    }

    /** Panels that query: everything but rows. */
    List<JsonNode> queryPanels() {
        return panels().stream().filter(p -> !p.path("type").asText().equals("row")).toList();
    }

    List<JsonNode> variables() {
        List<JsonNode> variables = new ArrayList<>();
        json.path("templating").path("list").forEach(variables::add);
        return variables;
    }

    Set<String> variableNames() {
        Set<String> names = new TreeSet<>();
        variables().forEach(v -> names.add(v.path("name").asText()));
        return names;
    }

    /** The PromQL of every panel's targets and every query variable (label_values(...) there). */
    List<String> queries() {
        List<String> queries = new ArrayList<>();
        queryPanels().forEach(p -> p.path("targets").forEach(t -> queries.add(t.path("expr").asText())));
        for (JsonNode variable : variables()) {
            if (variable.path("type").asText().equals("query")) {
                JsonNode query = variable.path("query");
                queries.add(query.isObject() ? query.path("query").asText() : query.asText());
            }
        }
        return queries;
    }

    /** The url of every dashboard link, panel link and data link. */
    List<String> linkUrls() {
        List<String> urls = new ArrayList<>();
        walk(json, (field, value) -> {
            if (field.equals("links") && value.isArray()) {
                value.forEach(link -> urls.add(link.path("url").asText()));
            }
        });
        return urls;
    }

    /** Every value of a field named datasource, wherever it is. */
    List<JsonNode> datasourceReferences() {
        List<JsonNode> references = new ArrayList<>();
        walk(json, (field, value) -> {
            if (field.equals("datasource")) {
                references.add(value);
            }
        });
        return references;
    }

    private static void walk(JsonNode node, BiConsumer<String, JsonNode> visitor) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                visitor.accept(field.getKey(), field.getValue());
                walk(field.getValue(), visitor);
            });
        } else if (node.isArray()) {
            node.forEach(element -> walk(element, visitor));
        }
    }
}
