package fr.iloe.tracker.domain;

import java.util.Set;

/** A member company of the cooperative (or an outside outlet), with the activities it may be credited for. */
public record Partner(String id, String name, String siret, Set<Activity> roles) {
  public Partner {
    roles = Set.copyOf(roles);
  }

  public boolean does(Activity activity) {
    return roles.contains(activity);
  }
}
