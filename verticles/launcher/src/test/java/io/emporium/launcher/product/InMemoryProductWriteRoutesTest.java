package io.emporium.launcher.product;

/** The product write routes on the zero-setup in-memory store. */
class InMemoryProductWriteRoutesTest extends ProductWriteRoutesContract {
  @Override
  RoutesStore store() {
    return RoutesStore.MEMORY;
  }
}
