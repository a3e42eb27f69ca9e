package fr.iloe.tracker.domain;

import java.util.List;
import java.util.Optional;

/** A sorting site with its weighbridges and the collection points whose waste it receives. */
public record Site(String id, String name, String insee, List<Weighbridge> weighbridges, List<CollectionPoint> points) {
  public Site {
    weighbridges = List.copyOf(weighbridges);
    points = List.copyOf(points);
  }

  public Optional<Weighbridge> bridge(String bridgeId) {
    return weighbridges.stream().filter(b -> b.id().equals(bridgeId)).findFirst();
  }

  public Optional<CollectionPoint> point(String pointId) {
    return points.stream().filter(p -> p.id().equals(pointId)).findFirst();
  }
}
