package io.connlens.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.connlens.agent.application.ApplicationPackages;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** {@code app.packages} and {@code app.packages.exclude} values: what is read, what is refused, and how. */
class PackagePrefixesPropertyTest {
  private final ValueType<List<String>> type = ValueType.packagePrefixes();

  @Provide
  Arbitrary<String> packageNames() {
    Arbitrary<String> segment = Arbitraries.strings().withCharRange('a', 'z').withChars('_', '$')
        .ofMinLength(1).ofMaxLength(8).filter(s -> Character.isJavaIdentifierStart(s.charAt(0)));
    return segment.list().ofMinSize(1).ofMaxSize(5).map(parts -> String.join(".", parts));
  }

  @Provide
  Arbitrary<List<String>> packageNameLists() {
    return packageNames().list().ofMinSize(1).ofMaxSize(6);
  }

  @Property(tries = 500)
  void lists_of_package_names_read_back_as_written(@ForAll("packageNameLists") List<String> names,
      @ForAll("separators") String separator, @ForAll("suffixes") String suffix) {
    // given names separated by commas, + or blanks, each perhaps written com.acme. or com.acme.*
    StringBuilder text = new StringBuilder();
    for (String name : names) {
      text.append(separator).append(name).append(suffix);
    }
    // when
    List<String> parsed = type.parse(text.toString());
    // then each name is there once, in order, without its suffix, and formats back to the same list
    assertThat(parsed).containsExactlyElementsOf(names.stream().distinct().collect(java.util.stream.Collectors.toList()));
    assertThat(type.parse(type.format(parsed))).isEqualTo(parsed);
    for (String name : parsed) {
      assertThat(ApplicationPackages.longestMatch(parsed, name + ".Main")).isGreaterThanOrEqualTo(name.length());
    }
  }

  @Provide
  Arbitrary<String> separators() {
    return Arbitraries.of(",", " , ", "+", " ", ",,");
  }

  @Provide
  Arbitrary<String> suffixes() {
    return Arbitraries.of("", ".", ".*");
  }

  @Property(tries = 1000)
  void any_text_is_read_or_refused_with_the_documented_message(@ForAll String text) {
    try {
      List<String> parsed = type.parse(text);
      assertThat(parsed).isNotEmpty().allMatch(ApplicationPackages::isQualifiedName);
    } catch (IllegalArgumentException refused) {
      assertThat(refused.getMessage()).matches("(is empty|has \".*\", which is not a Java package name); use package"
          + " names such as com\\.acme or org\\.example\\.shop, separated by commas");
    }
  }

  @Example
  void refuses_what_is_not_a_package_name() {
    assertThatThrownBy(() -> type.parse("com.acme,com..x")).hasMessageContaining("\"com..x\"");
    assertThatThrownBy(() -> type.parse("1com")).hasMessageContaining("\"1com\"");
    assertThatThrownBy(() -> type.parse("com/acme")).hasMessageContaining("not a Java package name");
    assertThatThrownBy(() -> type.parse(" , ")).hasMessageStartingWith("is empty");
  }

  @Example
  void a_prefix_is_a_whole_segment() {
    assertThat(ApplicationPackages.isIn("com.acme.Main", "com.acme")).isTrue();
    assertThat(ApplicationPackages.isIn("com.acme", "com.acme")).isTrue();
    assertThat(ApplicationPackages.isIn("com.acme.Main$1", "com.acme.Main")).isTrue();
    assertThat(ApplicationPackages.isIn("com.acmeco.Main", "com.acme")).isFalse();
  }
}
