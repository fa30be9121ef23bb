// The JavaScript overrides of the addon's classes, one file per class (as
// libvirt-python's libvirt-override-virDomain.py and the like): methods
// written in TypeScript, or wrapping the native one. Each file installs its
// class's overrides on the prototype when loaded; src/classes.ts loads them.
import './connection';
import './domain';
import './stream';
import './inspect';
import './shapes';
