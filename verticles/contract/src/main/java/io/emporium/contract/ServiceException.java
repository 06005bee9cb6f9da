package io.emporium.contract;

/**
 * A contract error raised inside a service or the mesh. No stack trace: it is an expected outcome
 * (not found, invalid input, ...) and is created on hot paths.
 */
public final class ServiceException extends RuntimeException {
  private final transient ServiceError error;

  public ServiceException(ServiceError error) {
    super(error.code() + ": " + error.message(), null, false, false);
    this.error = error;
  }

  public ServiceError error() {
    return error;
  }

  public ErrorCode code() {
    return error.code();
  }
}
