package fr.iloe.tracker.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("WasteCode: European List of Waste codes")
class WasteCodeTest {

  @ParameterizedTest(name = "''{0}'' reads as ''{1}''")
  @CsvSource(delimiter = '|', value = {
      "20 03 07   | 20 03 07",
      "200307     | 20 03 07",
      "  20 03 07 | 20 03 07",
      "2003 07    | 20 03 07",
      "19 12 12   | 19 12 12",
      "191201     | 19 12 01",
      "01 01 01   | 01 01 01",
      "17 08 02   | 17 08 02",
  })
  @DisplayName("a code written with or without its spaces is read in the normalised 'NN NN NN' form")
  void parsesWithAndWithoutSpaces(String text, String normalised) {
    // when
    Optional<WasteCode> code = WasteCode.parse(text);
    // then
    assertTrue(code.isPresent(), text);
    assertEquals(normalised, code.get().code());
    assertEquals(normalised, code.get().toString());
    assertFalse(code.get().hazardous());
  }

  @ParameterizedTest(name = "''{0}'' reads as hazardous ''{1}''")
  @CsvSource(delimiter = '|', value = {
      "20 01 35*  | 20 01 35*",
      "200135*    | 20 01 35*",
      "20 01 35 * | 20 01 35*",
      "17 06 05*  | 17 06 05*",
  })
  @DisplayName("a trailing '*' marks hazardous waste and is kept, glued to the code")
  void hazardous(String text, String normalised) {
    WasteCode code = WasteCode.parse(text).orElseThrow();
    assertEquals(normalised, code.code());
    assertTrue(code.hazardous());
  }

  @ParameterizedTest(name = "chapter of ''{0}'' is refused")
  @ValueSource(strings = {"00 01 01", "000101", "21 01 01", "99 99 99", "00 00 00*"})
  @DisplayName("chapters outside 01 to 20 are refused")
  void chapterOutOfRange(String text) {
    assertEquals(Optional.empty(), WasteCode.parse(text));
  }

  @ParameterizedTest(name = "''{0}'' is refused")
  @ValueSource(strings = {"bulky", "20 03", "20 03 0", "20 03 077", "20-03-07", "20  03 07", "2O 03 07",
      "20 03 07**", "*20 03 07", "20 03 07 x", "R 3"})
  @DisplayName("anything that is not six digits in three pairs is refused")
  void garbage(String text) {
    assertEquals(Optional.empty(), WasteCode.parse(text));
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"   "})
  @DisplayName("null, empty and blank texts are not codes")
  void nullAndBlank(String text) {
    assertEquals(Optional.empty(), WasteCode.parse(text));
  }

  @Test
  @DisplayName("the constructor accepts only the normalised form, so a WasteCode is always normalised")
  void constructorRequiresNormalisedForm() {
    assertEquals("20 03 07", new WasteCode("20 03 07").code());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new WasteCode("200307"));
    assertTrue(e.getMessage().contains("200307"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new WasteCode(null));
    assertThrows(IllegalArgumentException.class, () -> new WasteCode("21 01 01"));
  }

  @Test
  @DisplayName("codes written differently but meaning the same are equal")
  void equality() {
    assertEquals(WasteCode.parse("200307"), WasteCode.parse(" 20 03 07 "));
    assertEquals(new WasteCode("20 03 07"), WasteCode.parse("200307").orElseThrow());
  }
}
