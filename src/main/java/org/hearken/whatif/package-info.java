/**
 * Policy what-if: replays the cases of a period under another service policy version (stored, or uploaded and not
 * put in force) and shows, per stage, how many would have met or missed their targets, and which cases would flip.
 */
package org.hearken.whatif;
