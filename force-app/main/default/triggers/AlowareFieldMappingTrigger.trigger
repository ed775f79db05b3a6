trigger AlowareFieldMappingTrigger on Aloware_Field_Mapping__c(before delete) {
    new AlowareFieldMappingTriggerHandler().run();
}
