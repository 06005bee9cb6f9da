package io.emporium.launcher.product;

/** The product read routes on the zero-setup in-memory store. */
class InMemoryProductReadRoutesTest extends ProductReadRoutesContract {
  @Override
  RoutesStore store() {
    return RoutesStore.MEMORY;
  }
}
