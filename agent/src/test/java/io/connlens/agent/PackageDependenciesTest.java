package io.connlens.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The agent's packages, read from its sources' imports: data flows one way, so no package reaches
 * itself again; nothing but the wiring depends on the root package, and nothing but {@code modules}
 * on a pool's own package (adding a pool touches its package and one list).
 */
class PackageDependenciesTest {
  private static final Path SOURCES = Paths.get("src/main/java/io/connlens/agent");
  private static final Pattern IMPORT = Pattern.compile("^import (?:static )?io\\.connlens\\.agent\\.((?:[a-z0-9]+\\.)*)[A-Z]");

  private static Map<String, Set<String>> dependencies() throws IOException {
    Map<String, Set<String>> deps = new TreeMap<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
        String pkg = SOURCES.relativize(file.getParent()).toString().replace('/', '.');
        String from = pkg.isEmpty() ? "(root)" : pkg;
        Set<String> to = deps.computeIfAbsent(from, k -> new TreeSet<>());
        for (String line : Files.readAllLines(file)) {
          Matcher m = IMPORT.matcher(line);
          if (m.find()) {
            String target = m.group(1).isEmpty() ? "(root)" : m.group(1).substring(0, m.group(1).length() - 1);
            if (!target.equals(from)) {
              to.add(target);
            }
          }
        }
      }
    }
    return deps;
  }

  @Test
  void noPackageDependsOnItselfThroughOthers() throws IOException {
    Map<String, Set<String>> deps = dependencies();
    assertThat(deps).containsKeys("instrumentation", "registry", "detection", "report", "runtime", "pool", "modules");
    List<String> cycles = new ArrayList<>();
    for (String start : deps.keySet()) {
      findCycles(deps, start, new ArrayList<>(List.of(start)), cycles);
    }
    assertThat(cycles).isEmpty();
  }

  private static void findCycles(Map<String, Set<String>> deps, String at, List<String> path, List<String> cycles) {
    for (String next : deps.getOrDefault(at, Set.of())) {
      if (next.equals(path.get(0))) {
        cycles.add(String.join(" -> ", path) + " -> " + next);
      } else if (!path.contains(next) && path.size() < 12) {
        path.add(next);
        findCycles(deps, next, path, cycles);
        path.remove(path.size() - 1);
      }
    }
  }

  @Test
  void onlyTheWiringKnowsTheRootPackageAndOnlyModulesKnowsEachPool() throws IOException {
    for (Map.Entry<String, Set<String>> e : dependencies().entrySet()) {
      assertThat(e.getValue()).as("%s depends on the root package", e.getKey()).doesNotContain("(root)");
      if (!e.getKey().equals("modules") && !e.getKey().startsWith("pool.")) {
        assertThat(e.getValue()).as("%s depends on a pool's package", e.getKey())
            .noneMatch(target -> target.startsWith("pool."));
      }
    }
  }
}
