package io.emporium.product.domain;

/** A product's stock after a change and by how much it moved (negative when taken). */
public record StockMove(Product after, int delta) {

  public int before() {
    return after.stock() - delta;
  }
}
