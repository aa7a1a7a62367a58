/** Demo mode: sample departments, staff and cases so that a newcomer sees Hearken at work. Never active in production. */
package org.hearken.demo;
