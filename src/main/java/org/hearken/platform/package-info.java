/** Shared infrastructure every module stands on: the database (embedded when none is configured), the clock and the API error format. */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package org.hearken.platform;
