package dev.sower.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.sower.metrics.MeterKind;
import dev.sower.metrics.SowerMeter;
import dev.sower.metrics.SowerTag;
import dev.sower.metrics.SowerMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboard and the Prometheus alerts use only series that Sower exposes: the
 * names derived from the {@link SowerMeter} catalogue plus the standard JVM/process series of
 * {@link SowerMetrics} (taken from a real scrape) and Prometheus's own {@code up}. promtool
 * checks the rules, the scrape example and the rules' unit tests.
 */
class MonitoringConfigTest {
  private static final Pattern GROUPING =
      Pattern.compile("\\b(?:by|without|on|ignoring)\\s*\\(([^)]*)\\)");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"");

  private static Set<String> exposedNames;
  private static Set<String> exposedLabels;

  @TempDir Path tmp;

  @BeforeAll
  static void scrapeARealRegistry() throws Exception {
    exposedNames = new TreeSet<>(Set.of("up"));
    exposedLabels = new TreeSet<>(Set.of("instance", "job", "le"));
    for (SowerMeter m : SowerMeter.values()) {
      exposedNames.addAll(m.seriesNames());
      m.tags().forEach(t -> exposedLabels.add(t.key()));
    }
    try (SowerMetrics metrics = SowerMetrics.create("0.0.0")) {
      String text = metrics.scrape();
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (!text.contains("jvm_gc_pause_seconds_count") && System.nanoTime() < deadline) {
        System.gc();
        Thread.sleep(50);
        text = metrics.scrape();
      }
      for (String line : text.split("\n")) {
        if (!line.isEmpty() && !line.startsWith("#")) {
          exposedNames.add(line.split("[{ ]", 2)[0]);
          Matcher l = LABEL.matcher(line);
          while (l.find()) {
            exposedLabels.add(l.group(1));
          }
        }
      }
    }
    assertThat(exposedNames).contains("jvm_gc_pause_seconds_count", "process_files_max_files");
  }

  /** Every PromQL expression of the dashboard (panel targets and variable queries), by where. */
  static Map<String, String> dashboardExprs() throws Exception {
    JsonNode dash = new ObjectMapper().readTree(DeployFiles.file("grafana/sower.json").toFile());
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonNode panel : dash.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        out.put("panel \"" + panel.path("title").asText() + "\" " + target.path("refId").asText(),
            target.path("expr").asText());
      }
    }
    for (JsonNode var : dash.path("templating").path("list")) {
      if (var.path("type").asText().equals("query")) {
        out.put("variable " + var.path("name").asText(), var.path("query").path("query").asText());
      }
    }
    return out;
  }

  static Map<String, String> alertExprs() throws Exception {
    JsonNode rules = new YAMLMapper().readTree(DeployFiles.file("prometheus/alerts.yml").toFile());
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonNode group : rules.path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        out.put("alert " + rule.path("alert").asText(), rule.path("expr").asText());
      }
    }
    return out;
  }

  @Test
  void dashboardAndAlertsUseOnlyExposedSeriesNames() throws Exception {
    Map<String, String> exprs = new LinkedHashMap<>(dashboardExprs());
    exprs.putAll(alertExprs());
    assertThat(exprs).hasSizeGreaterThan(40);
    List<String> unknown = new ArrayList<>();
    exprs.forEach((where, expr) -> {
      Set<String> names = PromQlNames.of(expr);
      assertThat(names).as("%s refers to no metric: %s", where, expr).isNotEmpty();
      for (String name : names) {
        if (!exposedNames.contains(name)) {
          unknown.add(where + ": " + name);
        }
      }
    });
    assertThat(unknown).as("series not exposed by Sower").isEmpty();
  }

  @Test
  void dashboardAndAlertsGroupOnlyByExposedLabels() throws Exception {
    Map<String, String> exprs = new LinkedHashMap<>(dashboardExprs());
    exprs.putAll(alertExprs());
    List<String> unknown = new ArrayList<>();
    exprs.forEach((where, expr) -> {
      Matcher g = GROUPING.matcher(expr);
      while (g.find()) {
        for (String label : g.group(1).split(",")) {
          if (!label.isBlank() && !exposedLabels.contains(label.strip())) {
            unknown.add(where + ": " + label.strip());
          }
        }
      }
      Matcher l = LABEL.matcher(expr.replaceAll("\\b(?:=~|!~|!=)", "=\""));
      while (l.find()) {
        if (!exposedLabels.contains(l.group(1))) {
          unknown.add(where + ": " + l.group(1));
        }
      }
    });
    assertThat(unknown).as("labels Sower does not expose").isEmpty();
  }

  @Test
  void everyCatalogueMeterIsOnTheDashboardOrInAnAlert() throws Exception {
    Set<String> used = new TreeSet<>();
    dashboardExprs().values().forEach(e -> used.addAll(PromQlNames.of(e)));
    alertExprs().values().forEach(e -> used.addAll(PromQlNames.of(e)));
    List<String> unused = new ArrayList<>();
    for (SowerMeter m : SowerMeter.values()) {
      if (m.seriesNames().stream().noneMatch(used::contains)) {
        unused.add(m.name() + " " + m.seriesNames());
      }
    }
    assertThat(unused).isEmpty();
  }

  @Test
  void operationsGuideDocumentsEveryMeterLabelAndAlert() throws Exception {
    String guide = Files.readString(DeployFiles.module().getParent().resolve("docs/operations.md"));
    for (SowerMeter m : SowerMeter.values()) {
      // Timers and summaries by family (several series), the others by their one series.
      String documented = m.kind() == MeterKind.TIMER || m.kind() == MeterKind.DISTRIBUTION_SUMMARY
          ? m.prometheusFamily() : m.seriesNames().get(0);
      assertThat(guide).as(m.name()).contains("| `" + documented + "` |");
      for (SowerTag tag : m.tags()) {
        assertThat(guide).as("%s label %s", m.name(), tag.key()).contains("`" + tag.key() + "`");
        for (String value : tag.allowedValues()) {
          assertThat(guide).as("%s value %s", tag, value).contains("`" + value + "`");
        }
      }
    }
    for (String alert : alertExprs().keySet()) {
      assertThat(guide).contains("| `" + alert.substring("alert ".length()) + "` |");
    }
  }

  @Test
  void dashboardPanelsUseTheDatasourceVariableAndUniqueIds() throws Exception {
    JsonNode dash = new ObjectMapper().readTree(DeployFiles.file("grafana/sower.json").toFile());
    assertThat(dash.path("uid").asText()).isEqualTo("sower");
    Set<Integer> ids = new TreeSet<>();
    for (JsonNode panel : dash.path("panels")) {
      assertThat(ids.add(panel.path("id").asInt())).as("id of %s", panel.path("title")).isTrue();
      if (!panel.path("type").asText().equals("row")) {
        assertThat(panel.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
        assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
      }
    }
  }

  @Test
  void promtoolAcceptsTheRulesAndTheScrapeExample() throws Exception {
    Exec.Result rules = Exec.run(tmp, "promtool", "check", "rules",
        DeployFiles.file("prometheus/alerts.yml").toString());
    assertThat(rules.exitCode()).as(rules.output()).isZero();
    assertThat(rules.stdout()).contains("SUCCESS: 10 rules found");
    Exec.Result config = Exec.run(tmp, "promtool", "check", "config",
        DeployFiles.file("prometheus/prometheus.yml").toString());
    assertThat(config.exitCode()).as(config.output()).isZero();
    assertThat(config.stdout()).contains("SUCCESS: 1 rule files found");
  }

  @Test
  void alertsFireWhenAndOnlyWhenTheirUnitTestsExpect() throws Exception {
    Files.copy(DeployFiles.file("prometheus/alerts.yml"), tmp.resolve("alerts.yml"));
    Files.copy(DeployFiles.file("src/test/resources/alerts-test.yml"), tmp.resolve("alerts-test.yml"));
    Exec.Result r = Exec.run(tmp, "promtool", "test", "rules", "alerts-test.yml");
    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.stdout()).contains("SUCCESS");
  }
}
