package fr.iloe.tracker.domain;

import static fr.iloe.tracker.domain.Fixtures.inFirst;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("Pass content comparison and Plate forms")
class PassAndPlateTest {

  @ParameterizedTest(name = "''{0}'' -> key ''{1}'', display ''{2}''")
  @CsvSource(delimiter = '|', value = {
      "AB-123-CD     | AB123CD | AB-123-CD",
      "ab 123 cd     | AB123CD | AB 123 CD",
      "' ab-123-cd ' | AB123CD | AB-123-CD",
      "1234 zz 69    | 1234ZZ69 | 1234 ZZ 69",
  })
  @DisplayName("plates compare without case, spaces or hyphens, and display upper-case and trimmed")
  void plateForms(String plate, String key, String display) {
    assertEquals(key, Plate.key(plate));
    assertEquals(display, Plate.display(plate));
  }

  @Test
  @DisplayName("the same weighing sent again has no differences, even with its plate written differently")
  void sameContent() {
    Pass p = inFirst().build();
    assertEquals(List.of(), p.differences(inFirst().build()));
    assertEquals(List.of(), p.differences(inFirst().plate("ab 123 cd").build()));
  }

  @Test
  @DisplayName("the resolved stored tare is not content")
  void storedTareIsNotContent() {
    Pass p = inFirst().build();
    assertEquals(List.of(), p.differences(p.withStoredTare(11_200L)));
  }

  @Test
  @DisplayName("differences name each field whose value changed, in the wire order")
  void differences() {
    Pass p = inFirst().build();
    Pass other = inFirst().weightKg(18_480L).carrier("p06").manual(true).manualReason("typed").build();
    assertEquals(List.of("weightKg", "carrier", "manual", "manualReason"), p.differences(other));
  }

  @Test
  @DisplayName("withStoredTare changes only the stored tare")
  void withStoredTare() {
    Pass p = inFirst().build();
    Pass tared = p.withStoredTare(11_200L);
    assertEquals(11_200L, tared.storedTareKg());
    assertNull(p.storedTareKg());
    assertEquals(p, tared.withStoredTare(null));
  }
}
