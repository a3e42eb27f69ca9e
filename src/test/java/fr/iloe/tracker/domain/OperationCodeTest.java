package fr.iloe.tracker.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("OperationCode: R and D treatment operation codes")
class OperationCodeTest {

  @ParameterizedTest(name = "''{0}'' normalises to ''{1}''")
  @CsvSource(delimiter = '|', value = {
      "R3    | R 3",
      "r 3   | R 3",
      "R 3   | R 3",
      "r3    | R 3",
      " R 3  | R 3",
      "R  3  | R 3",
      "R03   | R 3",
      "d10   | D 10",
      "D 10  | D 10",
      "R0    | R 0",
      "R 13  | R 13",
      "D15   | D 15",
  })
  @DisplayName("a code is read with or without its space and case, and written in the platform's 'R 3' form")
  void normalises(String text, String normalised) {
    OperationCode code = OperationCode.parse(text).orElseThrow();
    assertEquals(normalised, code.toString());
  }

  static Stream<String> allValidCodes() {
    return Stream.concat(
        IntStream.rangeClosed(0, 13).mapToObj(n -> "R" + n),
        IntStream.rangeClosed(1, 15).mapToObj(n -> "D" + n));
  }

  @ParameterizedTest(name = "{0} is an operation code")
  @MethodSource("allValidCodes")
  @DisplayName("R0 to R13 and D1 to D15 are accepted")
  void acceptsEveryCode(String text) {
    Optional<OperationCode> code = OperationCode.parse(text);
    assertTrue(code.isPresent(), text);
    assertEquals(text.charAt(0) + " " + text.substring(1), code.get().toString());
    assertEquals(text.charAt(0) == 'R', code.get().recovery());
  }

  @ParameterizedTest(name = "''{0}'' is refused")
  @ValueSource(strings = {"R14", "R 14", "D0", "D 0", "D16", "X3", "R", "3", "R-3", "R3F", "D 9 F", "R 100", "R3.5", "RR3"})
  @DisplayName("codes outside R0-R13 and D1-D15, and garbage, are refused")
  void refuses(String text) {
    assertEquals(Optional.empty(), OperationCode.parse(text));
  }

  @ParameterizedTest
  @NullAndEmptySource
  @DisplayName("null and empty texts are not codes")
  void nullAndEmpty(String text) {
    assertEquals(Optional.empty(), OperationCode.parse(text));
  }

  @Test
  @DisplayName("the constructor refuses codes that do not exist")
  void constructorRefusesUnknownCodes() {
    assertThrows(IllegalArgumentException.class, () -> new OperationCode('R', 14));
    assertThrows(IllegalArgumentException.class, () -> new OperationCode('R', -1));
    assertThrows(IllegalArgumentException.class, () -> new OperationCode('D', 0));
    assertThrows(IllegalArgumentException.class, () -> new OperationCode('D', 16));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new OperationCode('X', 3));
    assertTrue(e.getMessage().contains("X3"), e.getMessage());
  }

  static Stream<Arguments> defaultModes() {
    Stream.Builder<Arguments> b = Stream.builder();
    b.add(Arguments.of("R 0", Mode.REUSE));
    b.add(Arguments.of("R 1", Mode.ENERGY_RECOVERY));
    IntStream.rangeClosed(2, 11).forEach(n -> b.add(Arguments.of("R " + n, Mode.RECYCLING)));
    IntStream.rangeClosed(1, 8).forEach(n -> b.add(Arguments.of("D " + n, Mode.DISPOSAL)));
    IntStream.rangeClosed(10, 12).forEach(n -> b.add(Arguments.of("D " + n, Mode.DISPOSAL)));
    return b.build();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("defaultModes")
  @DisplayName("each final code has the mode of interface.md: R0 reuse, R1 energy, R2-R11 recycling, D1-D8 and D10-D12 disposal")
  void defaultModeOfFinalCodes(String text, Mode mode) {
    OperationCode code = OperationCode.parse(text).orElseThrow();
    assertEquals(Optional.of(mode), code.defaultMode());
    assertTrue(code.isFinal());
    assertTrue(code.allowedModes().contains(mode));
  }

  @ParameterizedTest(name = "{0} is not final")
  @ValueSource(strings = {"R 12", "R 13", "D 9", "D 13", "D 14", "D 15"})
  @DisplayName("exchange, storage, pre-treatment, blending and repackaging codes are not final and have no mode")
  void nonFinalCodes(String text) {
    OperationCode code = OperationCode.parse(text).orElseThrow();
    assertFalse(code.isFinal());
    assertEquals(Optional.empty(), code.defaultMode());
    assertEquals(Set.of(), code.allowedModes());
  }

  @ParameterizedTest(name = "{0} allows {1}")
  @CsvSource({
      "R 3, RECYCLING, OTHER_RECOVERY",
      "R 5, RECYCLING, OTHER_RECOVERY",
      "R 9, RECYCLING, ENERGY_RECOVERY",
      "R 11, RECYCLING, ENERGY_RECOVERY",
  })
  @DisplayName("R 3 and R 5 may be declared OTHER_RECOVERY, R 9 and R 11 ENERGY_RECOVERY, besides their default")
  void alternativeModes(String text, Mode base, Mode alternative) {
    assertEquals(Set.of(base, alternative), OperationCode.parse(text).orElseThrow().allowedModes());
  }

  @ParameterizedTest(name = "{0} allows only {1}")
  @CsvSource({
      "R 0, REUSE",
      "R 1, ENERGY_RECOVERY",
      "R 2, RECYCLING",
      "R 4, RECYCLING",
      "R 10, RECYCLING",
      "D 1, DISPOSAL",
      "D 10, DISPOSAL",
  })
  @DisplayName("other final codes allow only their default mode")
  void onlyDefaultMode(String text, Mode mode) {
    assertEquals(Set.of(mode), OperationCode.parse(text).orElseThrow().allowedModes());
  }

  @Test
  @DisplayName("codes written differently but meaning the same are equal")
  void equality() {
    assertEquals(OperationCode.parse("r3"), OperationCode.parse("R 3"));
    assertEquals(new OperationCode('D', 10), OperationCode.parse("d 10").orElseThrow());
  }
}
