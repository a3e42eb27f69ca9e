package fr.iloe.tracker.api;

import fr.iloe.tracker.domain.FieldError;
import java.util.List;

/** An HTTP-level refusal (bad query, unknown resource, missing token) with its status and problem fields. */
public final class ApiException extends RuntimeException {
  private final int status;
  private final String title;
  private final List<FieldError> errors;

  public ApiException(int status, String title, String detail, List<FieldError> errors) {
    super(detail, null, false, false);
    this.status = status;
    this.title = title;
    this.errors = List.copyOf(errors);
  }

  public static ApiException notFound(String detail) {
    return new ApiException(404, "Not found", detail, List.of());
  }

  public static ApiException badRequest(List<FieldError> errors) {
    return new ApiException(400, "Bad request", errors.stream().map(FieldError::toString)
        .reduce((a, b) -> a + "; " + b).orElse("bad request"), errors);
  }

  public static ApiException unauthorized(String detail) {
    return new ApiException(401, "Unauthorized", detail, List.of());
  }

  public static ApiException forbidden(String detail) {
    return new ApiException(403, "Forbidden", detail, List.of());
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  public List<FieldError> errors() {
    return errors;
  }
}
