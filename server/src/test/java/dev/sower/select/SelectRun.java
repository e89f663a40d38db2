package dev.sower.select;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Runs a selection in memory and keeps what it printed. */
record SelectRun(List<String> out, List<String> diagnostics, SelectionSummary summary) {

  static byte[] fixture() {
    try (InputStream in = SelectRun.class.getResourceAsStream("fixture.jsonl")) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static SelectRun of(Query q, SelectOptions o, byte[] input) throws SelectException {
    return of(q, o, new MetadataSource.Input(new ByteArrayInputStream(input), "<test>"));
  }

  static SelectRun of(Query q, SelectOptions o, MetadataSource source) throws SelectException {
    StringWriter out = new StringWriter();
    StringWriter diag = new StringWriter();
    SelectionSummary s = new Selector(q, o, out, new PrintWriter(diag, true), List.of()).run(source);
    return new SelectRun(lines(out.toString()), lines(diag.toString()), s);
  }

  /** IDs the query selects from the fixture. */
  static List<Long> ids(Query q) throws SelectException {
    List<Long> ids = new ArrayList<>();
    for (String s : of(q, new SelectOptions(OutputFormat.IDS, false, null), fixture()).out()) {
      ids.add(Long.parseLong(s));
    }
    return ids;
  }

  static List<String> lines(String s) {
    return s.isEmpty() ? List.of() : new ArrayList<>(Arrays.asList(s.split("\n", -1)).subList(0, s.split("\n", -1).length - 1));
  }
}
