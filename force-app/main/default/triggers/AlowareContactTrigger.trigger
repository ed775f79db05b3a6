trigger AlowareContactTrigger on Contact(after insert, after update, after delete, after undelete) {
    new AlowareContactTriggerHandler().run();
}
